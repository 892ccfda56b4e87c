export * from './PairingScreen.tsx';
export * from './useConnection.ts';
export * from './ConnectionBanner.tsx';
export * from './officeServices.ts';
export * from './useScreenFocus.ts';
