/**
 * Chromium switches the shell appends before 'ready', by platform.
 *
 * - `disable-pinch`: touch screens get no pinch zoom at the compositor level
 *   (lockdown.ts pins it per page too).
 * - `enable-speech-dispatcher` (Linux): Chromium reaches the system's speech
 *   engine through speech-dispatcher only when asked to. Without it
 *   `speechSynthesis` lists no voices on a Linux kiosk and read-aloud can only
 *   say that the kiosk has none. The voices themselves are local (espeak-ng,
 *   installed with the kiosk: build/linux/README.md); nothing is sent away.
 *   Windows and macOS have their system voices without a switch.
 */
export function chromiumSwitches(platform: NodeJS.Platform): readonly string[] {
  return platform === 'linux' ? ['disable-pinch', 'enable-speech-dispatcher'] : ['disable-pinch'];
}
