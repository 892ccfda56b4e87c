/**
 * The demo office seeded on first start: services of a real Bürgeramt and three counters. Apps translate
 * service names by id (`services.<id>.name`), so ids are stable and never shown.
 */
export interface ServiceSeed {
  id: string;
  letter: string;
  name: string;
  /** Pictogram name in `public/pictograms/`. */
  pictogram: string;
}

export const DEMO_SERVICES: readonly ServiceSeed[] = [
  { id: 'personalausweis', letter: 'A', name: 'Personalausweis', pictogram: 'id-card' },
  { id: 'reisepass', letter: 'B', name: 'Reisepass', pictogram: 'passport' },
  { id: 'anmeldung', letter: 'C', name: 'Anmeldung / Ummeldung Wohnsitz', pictogram: 'house' },
  { id: 'fuehrungszeugnis', letter: 'D', name: 'Führungszeugnis', pictogram: 'certificate' },
  { id: 'beglaubigung', letter: 'E', name: 'Beglaubigung', pictogram: 'stamp' },
  { id: 'abholung', letter: 'F', name: 'Abholung Dokumente', pictogram: 'pickup' },
];

export const DEMO_COUNTERS: readonly { id: string; name: string }[] = [
  { id: 'platz-1', name: 'Platz 1' },
  { id: 'platz-2', name: 'Platz 2' },
  { id: 'platz-3', name: 'Platz 3' },
];

export function pictogramFor(serviceId: string): string {
  return DEMO_SERVICES.find((s) => s.id === serviceId)?.pictogram ?? 'generic';
}
