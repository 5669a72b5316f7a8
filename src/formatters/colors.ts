// ANSI styles for the pretty formatter, or none (`--no-color`, NO_COLOR, a pipe, a file).

export interface Paint {
  red: (text: string) => string;
  yellow: (text: string) => string;
  blue: (text: string) => string;
  dim: (text: string) => string;
  underline: (text: string) => string;
}

const style = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

const COLORED: Paint = { red: style(31, 39), yellow: style(33, 39), blue: style(34, 39), dim: style(2, 22), underline: style(4, 24) };
const PLAIN: Paint = { red: plain, yellow: plain, blue: plain, dim: plain, underline: plain };

export function paint(color: boolean): Paint {
  return color ? COLORED : PLAIN;
}
