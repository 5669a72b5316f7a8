// The map from a rendered object's nodes back to the files people edit (templates, values
// files, bases, patches, kustomization.yaml). Rendering (helm template, kustomize build) prints
// text that no user wrote; every finding on it is placed through one of these maps.

/** A range in a source file: an absolute path, 1-based lines and columns (end exclusive as in findings). */
export interface SourceSpan {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a rendered node came from: the place the fix belongs at, and other places worth showing. */
export interface MappedSpan {
  primary: SourceSpan;
  related: SourceSpan[];
}

/** A node of the rendered text: which document, its YAML path in the object, and where it was printed. */
export interface RenderedNode {
  /** Index of the document in the rendered text (0-based, in the order the tool printed them). */
  doc: number;
  /** YAML path within the object (keys and sequence indexes). */
  path: readonly (string | number)[];
  /** 1-based line and column of the node in the rendered text. */
  renderedLine: number;
  renderedColumn: number;
}

/** Maps rendered nodes to source spans; undefined when it knows no place for the node. */
export interface RenderedSourceMap {
  map(node: RenderedNode): MappedSpan | undefined;
}
