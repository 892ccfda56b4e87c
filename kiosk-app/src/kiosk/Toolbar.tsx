import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createSpeaker, type SpeakResult } from '../speech/speak.ts';
import { ContrastIcon, SpeakerIcon, TextSizeIcon } from './Icons.tsx';

export interface A11yModes {
  highContrast: boolean;
  largeText: boolean;
}

/** The screen's main text as a person reads it: the live <main>, minus parts marked `data-read="skip"`. */
function mainText(): string {
  const main = document.querySelector('main');
  if (!main) return '';
  let text = main.innerText;
  main.querySelectorAll<HTMLElement>('[data-read="skip"]').forEach((el) => {
    const skip = el.innerText.trim();
    if (skip) text = text.replace(skip, '');
  });
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (/[.!?:։።؟…]$/.test(l) ? l : `${l}.`))
    .join(' ');
}

/**
 * Read-aloud, high contrast and large text: on every kiosk screen, outside <main> so they are not read aloud
 * themselves. Toggles are `aria-pressed` buttons; the modes last for the current citizen only.
 */
export function Toolbar({ language, deviceToken, modes, onModes, screenKey }: {
  language: string;
  deviceToken: string;
  modes: A11yModes;
  onModes: (m: A11yModes) => void;
  /** Changes with the screen: stops reading when the screen changes. */
  screenKey: string;
}) {
  const { t } = useTranslation('kiosk');
  const speaker = useRef(createSpeaker(deviceToken));
  const [speaking, setSpeaking] = useState(false);
  const [result, setResult] = useState<SpeakResult>();

  useEffect(() => {
    const s = speaker.current;
    s.stop();
    setSpeaking(false);
    setResult(undefined);
    return () => s.stop();
  }, [screenKey, language]);

  const toggleRead = async () => {
    if (speaking) {
      speaker.current.stop();
      setSpeaking(false);
      return;
    }
    setSpeaking(true);
    setResult(undefined);
    const r = await speaker.current.speak(mainText(), language);
    setSpeaking(false);
    setResult(r);
  };

  return (
    <div className="toolbar">
      <button className="secondary" onClick={() => void toggleRead()} aria-pressed={speaking} data-testid="read-aloud">
        <SpeakerIcon /> {speaking ? t('readAloud.stop') : t('readAloud.button')}
      </button>
      <button className="secondary" aria-pressed={modes.highContrast} onClick={() => onModes({ ...modes, highContrast: !modes.highContrast })}>
        <ContrastIcon /> {t('a11y.highContrast')}
      </button>
      <button className="secondary" aria-pressed={modes.largeText} onClick={() => onModes({ ...modes, largeText: !modes.largeText })}>
        <TextSizeIcon /> {t('a11y.largeText')}
      </button>
      {(result === 'no-voice' || result === 'failed') && (
        <p className="notice toolbar-notice" role="status" data-testid="read-aloud-unavailable">{t('readAloud.unavailable')}</p>
      )}
    </div>
  );
}
