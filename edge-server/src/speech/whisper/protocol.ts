// IPC messages between the edge server and the whisper.cpp worker process (serialization: 'advanced').

export interface WorkerSegment {
  text: string;
  startMs: number;
  endMs: number;
}

export type ToWorker =
  | { type: 'load'; modelPath: string; threads: number }
  | { type: 'recognize'; id: number; language: string; pcm: Int16Array };

export type FromWorker =
  | { type: 'loaded'; multilingual: boolean; loadMs: number }
  | { type: 'load_failed'; message: string }
  | { type: 'result'; id: number; text: string; segments: WorkerSegment[]; ms: number }
  | { type: 'failed'; id: number; message: string };

export function isFromWorker(value: unknown): value is FromWorker {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function isToWorker(value: unknown): value is ToWorker {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'load' || type === 'recognize';
}
