// FileOutcome ⇄ plain data, to cross a worker-thread boundary (structured clone keeps no
// getters or shared references). Manifests come back with their text piece, so their YAML
// documents can be re-read for positions in the main thread (parse.ts documentsOf).

import type { Finding, Path } from '../shared/finding.js';
import { createManifest } from '../yaml/parse.js';
import type { FileOutcome } from './pipeline.js';
import type { FileRelations } from './relations.js';
import { createSourceFile, type SourceFile } from '../yaml/source.js';
import type { JsonRecord } from '../shared/value.js';
import type { SchemaProblem } from '../schema/explain.js';
import { recordedSchemaProblems, recordSchemaProblems } from '../schema/validate.js';

export interface TransferredOutcome {
  path: string;
  contentHash?: string;
  relations?: FileRelations;
  findings: Finding[];
  skippedDocuments: number;
  pieces: { text: string; lineOffset: number; charOffset?: number; columnShifts?: [number, number][] }[];
  manifests: { piece: number; docIndex: number; basePath: Path; obj: JsonRecord; schemaProblems?: SchemaProblem[] | null }[];
}

export function toTransferable(outcome: FileOutcome): TransferredOutcome {
  const pieceIndex = new Map<SourceFile, number>();
  const pieces: TransferredOutcome['pieces'] = [];
  const manifests = outcome.manifests.map((m) => {
    let piece = pieceIndex.get(m.file);
    if (piece === undefined) {
      piece = pieces.length;
      pieceIndex.set(m.file, piece);
      pieces.push({
        text: m.file.text,
        lineOffset: m.file.lineOffset,
        ...(m.file.charOffset ? { charOffset: m.file.charOffset } : {}),
        ...(m.file.columnShifts ? { columnShifts: [...m.file.columnShifts] } : {}),
      });
    }
    const schemaProblems = recordedSchemaProblems(m);
    return { piece, docIndex: m.docIndex, basePath: m.basePath, obj: m.obj, ...(schemaProblems === undefined ? {} : { schemaProblems }) };
  });
  return {
    path: outcome.path,
    findings: outcome.findings,
    skippedDocuments: outcome.skippedDocuments,
    pieces,
    manifests,
    ...(outcome.contentHash === undefined ? {} : { contentHash: outcome.contentHash }),
    ...(outcome.relations === undefined ? {} : { relations: outcome.relations }),
  };
}

export function fromTransferable(data: TransferredOutcome): FileOutcome {
  const files = data.pieces.map((p) =>
    createSourceFile(data.path, p.text, {
      lineOffset: p.lineOffset,
      ...(p.charOffset ? { charOffset: p.charOffset } : {}),
      ...(p.columnShifts ? { columnShifts: new Map(p.columnShifts) } : {}),
    }),
  );
  return {
    path: data.path,
    findings: data.findings,
    skippedDocuments: data.skippedDocuments,
    ...(data.contentHash === undefined ? {} : { contentHash: data.contentHash }),
    ...(data.relations === undefined ? {} : { relations: data.relations }),
    manifests: data.manifests.map((m) => {
      const manifest = createManifest(files[m.piece]!, m.docIndex, m.basePath, m.obj);
      if (m.schemaProblems !== undefined) recordSchemaProblems(manifest, m.schemaProblems);
      return manifest;
    }),
  };
}
