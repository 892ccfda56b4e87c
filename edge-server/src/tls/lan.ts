import os from 'node:os';

/** Non-internal IPv4 addresses of this machine, for the certificate's SAN and the "open this address" hint. */
export function lanAddresses(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  const out = new Set<string>();
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      // Node 18.0–18.3 reported family as a number; accept both forms.
      const v4 = info.family === 'IPv4' || (info.family as unknown) === 4;
      if (v4 && !info.internal) out.add(info.address);
    }
  }
  return [...out].sort();
}

export type Platform = 'android' | 'ipados' | 'windows';
export interface LocalizedText { de: string; en: string }
export interface InstallGuide { platform: Platform; title: LocalizedText; steps: LocalizedText[] }

/**
 * Short install steps for the local CA, shown on the admin page next to the download link and the fingerprint.
 * Menu names differ a little between vendors and versions; the steps name the stable parts.
 */
export function caInstallGuides(caUrl: string, fingerprint: string): InstallGuide[] {
  const check: LocalizedText = {
    de: `Fingerabdruck (SHA-256) vergleichen: ${fingerprint}`,
    en: `Compare the fingerprint (SHA-256): ${fingerprint}`,
  };
  return [
    {
      platform: 'android',
      title: { de: 'Android (Tablet)', en: 'Android (tablet)' },
      steps: [
        { de: `In Chrome ${caUrl} öffnen; die Datei lotse-ca.crt wird heruntergeladen.`, en: `Open ${caUrl} in Chrome; lotse-ca.crt is downloaded.` },
        { de: 'Einstellungen → Sicherheit → Weitere Einstellungen → Verschlüsselung und Anmeldedaten → Zertifikat installieren → CA-Zertifikat.', en: 'Settings → Security → More settings → Encryption & credentials → Install a certificate → CA certificate.' },
        { de: '„Trotzdem installieren“ wählen, dann lotse-ca.crt aus „Downloads“ auswählen.', en: 'Choose "Install anyway", then pick lotse-ca.crt from Downloads.' },
        check,
      ],
    },
    {
      platform: 'ipados',
      title: { de: 'iPad (iPadOS)', en: 'iPad (iPadOS)' },
      steps: [
        { de: `In Safari ${caUrl} öffnen und den Download des Profils erlauben.`, en: `Open ${caUrl} in Safari and allow the profile download.` },
        { de: 'Einstellungen → „Profil geladen“ → Installieren (Code eingeben) → Installieren.', en: 'Settings → "Profile Downloaded" → Install (enter passcode) → Install.' },
        { de: 'Einstellungen → Allgemein → Info → Zertifikatsvertrauenseinstellungen → „Lotse Local CA“ einschalten.', en: 'Settings → General → About → Certificate Trust Settings → turn on "Lotse Local CA".' },
        check,
      ],
    },
    {
      platform: 'windows',
      title: { de: 'Windows (PC am Schalter)', en: 'Windows (counter PC)' },
      steps: [
        { de: `${caUrl} im Browser öffnen und lotse-ca.crt speichern.`, en: `Open ${caUrl} in the browser and save lotse-ca.crt.` },
        { de: 'Datei doppelklicken → Zertifikat installieren → Lokaler Computer → Alle Zertifikate in folgendem Speicher speichern → Vertrauenswürdige Stammzertifizierungsstellen → Fertig stellen.', en: 'Double-click the file → Install Certificate → Local Machine → Place all certificates in the following store → Trusted Root Certification Authorities → Finish.' },
        { de: 'Alternativ als Administrator: certutil -addstore -f Root lotse-ca.crt', en: 'Or, as administrator: certutil -addstore -f Root lotse-ca.crt' },
        check,
      ],
    },
  ];
}
