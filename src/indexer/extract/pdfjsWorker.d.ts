// pdfjs-dist ships no types for its worker module; Lore only hands it to pdfjs as `pdfjsWorker`.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
