import { useState } from 'preact/hooks';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '@hub/i18n';
import { language, rememberLanguage, setLanguage, tr } from '../language';

/**
 * The console's language switcher: each language by its own name. The choice is remembered on this browser
 * and, for a signed-in member, at the hub (`onChosen`: PATCH /me), so it follows them to other browsers.
 */
export function LanguagePicker(props: { onChosen?: (chosen: Language) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const choose = async (chosen: Language) => {
    setBusy(true);
    rememberLanguage(chosen);
    // Kept at the hub first, so that a reload right after finds it; a refusal still switches this page.
    await props.onChosen?.(chosen).catch(() => undefined);
    await setLanguage(chosen);
    setBusy(false);
  };
  return (
    <span class="language-picker">
      <label for="language" class="visually-hidden">
        {tr('console.language')}
      </label>
      <select
        id="language"
        value={language()}
        disabled={busy}
        onChange={(e) => void choose(e.currentTarget.value as Language)}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </span>
  );
}
