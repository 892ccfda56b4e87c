import { describe, expect, it } from 'vitest';
import type { SessionNoticeT } from '@lotse/shared';
import { withNotice } from './useSession.ts';

const notice = (code: string): SessionNoticeT => ({ sessionId: '01JDUMMY0000000000000000000', code, message: code });

describe('session notices', () => {
  it('shows "busy" until admission, then only the admission', () => {
    let shown = withNotice([notice('NO_ENGINE')], notice('SPEECH_BUSY'));
    expect(shown.map((n) => n.code)).toEqual(['NO_ENGINE', 'SPEECH_BUSY']);
    shown = withNotice(shown, notice('SPEECH_BUSY'));
    expect(shown.map((n) => n.code)).toEqual(['NO_ENGINE', 'SPEECH_BUSY']);
    shown = withNotice(shown, notice('SPEECH_ADMITTED'));
    expect(shown.map((n) => n.code)).toEqual(['NO_ENGINE', 'SPEECH_ADMITTED']);
    shown = withNotice(shown, notice('SPEECH_BUSY'));
    expect(shown.map((n) => n.code)).toEqual(['NO_ENGINE', 'SPEECH_BUSY']);
  });
});
