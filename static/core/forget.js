// "Delete all my data" also deletes what this device keeps of a person's reading,
// writing and moments (before the form goes to the server): every key of
// localStorage and sessionStorage and every IndexedDB database that Stand Still's
// pages made (all named "stand-still…"), whichever app made them. Settings stay
// (the timer's, the help page's country): they say nothing of what was read or written.

const PREFIX = "stand-still";
const SETTINGS = ["stand-still:timer", "stand-still:country"];

function forgetStorage() {
  for (const storage of [localStorage, sessionStorage]) {
    try {
      const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i));
      for (const key of keys) {
        if (key?.startsWith(PREFIX) && !SETTINGS.includes(key)) storage.removeItem(key);
      }
    } catch {
      // storage off (private mode): nothing was kept
    }
  }
}

async function forgetDatabases() {
  try {
    const found = (await indexedDB.databases?.()) ?? [];
    await Promise.all(
      found
        .filter(({ name }) => name?.startsWith(PREFIX))
        .map(
          ({ name }) =>
            new Promise((resolve) => {
              const request = indexedDB.deleteDatabase(name);
              request.onsuccess = request.onerror = request.onblocked = () => resolve();
            }),
        ),
    );
  } catch {
    // IndexedDB off: nothing was kept there
  }
}

const form = document.querySelector("[data-delete-everything]");
form?.addEventListener("submit", async (event) => {
  if (form.dataset.cleared) return;
  event.preventDefault();
  forgetStorage();
  await forgetDatabases();
  form.dataset.cleared = "true";
  form.requestSubmit(event.submitter);
});
