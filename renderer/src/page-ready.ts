// The window's script is loaded `async` (index.html), so it runs as soon as it has arrived,
// not after the document has been parsed and its stylesheets loaded: the WebSocket, its first
// job, does not wait for them. The views do: they need the document's elements, and the
// message list reads its computed style (padding, gap) to place rows.

/** Resolves once the document is parsed and each of its stylesheets has loaded (or failed). */
export async function pageReady(doc: Document = document): Promise<void> {
  if (doc.readyState === 'loading') {
    await new Promise((done) => doc.addEventListener('DOMContentLoaded', done, { once: true }));
  }
  const links = doc.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]');
  const pending = [...links].filter((link) => link.sheet === null);
  await Promise.all(
    pending.map(
      (link) =>
        new Promise((done) => {
          link.addEventListener('load', done, { once: true });
          link.addEventListener('error', done, { once: true });
        }),
    ),
  );
}
