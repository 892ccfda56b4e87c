// Public surface of the speech module for the edge server, tests and benchmarks.
export * from './types.ts';
export { createSpeechEngines, defaultModelsDir, type SpeechEngines, type SpeechEnginesOptions } from './registry.ts';
export { concatPcm, int16ToFloat32, pcmFromWav, pcmMs, wavFromPcm } from './audio.ts';
export { canSynthesize, synthesizeSpeech, synthesizeWav } from './synth.ts';
export { PocketSphinxRecognizer } from './pocketsphinx.ts';
export { ApertiumTranslator } from './apertium.ts';
export { TransformersTranslator } from './transformers.ts';
export { WhisperRecognizer } from './whisper/recognizer.ts';
export { RecognizerSupervisor } from './whisper/supervisor.ts';
export { buildTinyWhisperModel, TINY_MODEL_TEXT } from './whisper/tinyModel.ts';
export { MODEL_CATALOGUE } from './models/catalogue.ts';
