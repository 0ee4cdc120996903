// Keeps the screen on while a timed session runs, for the breathing timer and the
// reach-out countdown alike. `wanted()` says whether the session still wants the
// lock when the browser grants it (it may have ended or been hidden meanwhile).

export function screenLock(wanted) {
  let lock = null;
  let asking = false;

  async function hold() {
    if (lock || asking || !navigator.wakeLock) return;
    asking = true;
    try {
      const sentinel = await navigator.wakeLock.request("screen");
      if (wanted()) lock = sentinel;
      else sentinel.release().catch(() => {});
    } catch {
      // Refused (low battery, no permission): the screen may dim, nothing else changes.
    } finally {
      asking = false;
    }
  }

  function release() {
    lock?.release().catch(() => {});
    lock = null;
  }

  return { hold, release };
}
