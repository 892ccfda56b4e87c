export { ensureTls, wantedSan, TlsConfigError, TLS_FILES, type EnsureTlsOptions, type TlsMaterial } from './ensureTls.ts';
export { lanAddresses, caInstallGuides, type InstallGuide, type LocalizedText, type Platform } from './lan.ts';
