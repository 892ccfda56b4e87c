import type { SessionStateT, TranscriptLineT } from '@lotse/shared';

/** Who on the citizen side may see a line, decided when the line is made. */
export interface LineAudience {
  /** Made while consent was given: every citizen screen of the counter shows it. */
  allCitizens: boolean;
  /** The device that answered the consent question: it shows every line of the session. */
  owner?: string;
}

/**
 * What the citizen side of one session may see (issue 10 §3). A line said before consent (what the clerk typed
 * while the question was still open, or after the citizen declined) belongs to the citizen who answered: only the
 * screen that answered the consent question shows it, and no screen shows lines before anyone has answered. Other
 * citizen screens of the counter show only the lines made while consent was given.
 */
export class CitizenAudience {
  /** Session id → the device that first answered the consent question. */
  private readonly owners = new Map<string, string>();
  /** Session id → lines made without consent. */
  private readonly privateLines = new Map<string, Set<string>>();

  /** After a restart nothing says when each line was made relative to consent: older lines count as private. */
  restore(state: SessionStateT, owner: string | null): void {
    if (owner) this.owners.set(state.id, owner);
    const consentAt = state.consent.status === 'given' ? state.consent.at : null;
    const hidden = state.lines.filter((l) => !consentAt || l.at < consentAt).map((l) => l.id);
    if (hidden.length) this.privateLines.set(state.id, new Set(hidden));
  }

  ownerOf(sessionId: string): string | undefined {
    return this.owners.get(sessionId);
  }

  /** The first answer makes its device the session's citizen screen; later answers keep it. */
  answeredBy(sessionId: string, deviceId: string): string {
    const owner = this.owners.get(sessionId) ?? deviceId;
    this.owners.set(sessionId, owner);
    return owner;
  }

  /** Whether a device may act for the citizen of this session (answer consent, type, speak). */
  mayActFor(sessionId: string, deviceId: string): boolean {
    const owner = this.owners.get(sessionId);
    return !owner || owner === deviceId;
  }

  lineMade(state: SessionStateT, line: TranscriptLineT): LineAudience {
    const allCitizens = state.consent.status === 'given';
    if (!allCitizens) {
      const set = this.privateLines.get(state.id) ?? new Set<string>();
      set.add(line.id);
      this.privateLines.set(state.id, set);
    }
    return { allCitizens, owner: this.owners.get(state.id) };
  }

  /** The session as the citizen screen `deviceId` (or, without one, every citizen screen but the owner) sees it. */
  viewFor(state: SessionStateT, deviceId?: string): SessionStateT {
    if (deviceId && this.owners.get(state.id) === deviceId) return state;
    const hidden = this.privateLines.get(state.id);
    return hidden ? { ...state, lines: state.lines.filter((l) => !hidden.has(l.id)) } : state;
  }

  forget(sessionId: string): void {
    this.owners.delete(sessionId);
    this.privateLines.delete(sessionId);
  }
}
