// What the client does when settings change. Turning `stslint.enable` off stops the server
// (extension.ts); the language client would still send that very change to the server it is
// stopping, and VS Code then showed "Sending notification workspace/didChangeConfiguration
// failed … Starting server failed". While stslint is off, no change is sent: the server is
// stopped, or about to be, and a new one reads the settings when it starts.

type Next = (sections: string[] | undefined) => Promise<void>;

export function configurationMiddleware(enabled: () => boolean): {
  didChangeConfiguration: (sections: string[] | undefined, next: Next) => Promise<void>;
} {
  return {
    didChangeConfiguration: (sections, next) => (enabled() ? next(sections) : Promise.resolve()),
  };
}
