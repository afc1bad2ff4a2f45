// A Loopchat window under volume (`--only volume`, not in the default run): a burst of 10,000
// incoming messages (until the newest is shown, and the long tasks meanwhile), then up to
// 100,000 in all (DOM nodes and JS heap after a GC: bounded?), then Home reaches the oldest
// row kept and End the newest.

import type { CDPSession } from '@playwright/test';
import { openPage } from './windows-hub';
import { domCounts, installProbes, longTasks, rowsHeld, waitForText } from './windows-page';
import { round, settle, type Ctx } from './windows-runs';
import { flood, openSender } from './windows-senders';

function chatText(i: number): string {
  // Every 7th message is long, wrapped Korean text: rows of very different heights.
  if (i % 7 !== 3) return `bench message ${i}`;
  return `bench message ${i}\n${'안녕하세요, 여러 줄로 감싸지는 긴 메시지입니다. '.repeat(5)}`;
}

async function heapMiB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return round((await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20);
}

export async function measureVolume(ctx: Ctx, burst: number, total: number, perSecond: number) {
  const page = await openPage(ctx.browser, ctx.hub, 'loopchat');
  await installProbes(page);
  await settle();
  const marker = await openSender(ctx.hub.target(), 'bench-marker');
  const cdp = await page.context().newCDPSession(page);
  const heapBeforeMiB = await heapMiB(cdp);
  const burstStart = Date.now();
  await flood(ctx.hub.target(), burst, chatText);
  marker.send('marker-burst', 'marker burst');
  const burstShownAt = await waitForText(page, 'marker burst', 120_000);
  const burstTasks = await longTasks(page);
  // Paced below what a window renders: one that falls too far behind is dropped by the hub
  // (backpressure) and, past its replay history, starts over.
  await flood(ctx.hub.target(), total - burst, (i) => chatText(burst + i), 10, perSecond);
  marker.send('marker-volume', 'marker volume');
  await waitForText(page, 'marker volume', 240_000);
  const nodes = await domCounts(page);
  const list = page.getByTestId('messages');
  await list.press('Home');
  await page.waitForFunction(() => {
    const box = document.querySelector('[data-testid="messages"]')?.getBoundingClientRect();
    const row = document.querySelector('[data-testid="messages"] [data-seq]');
    return box && row && row.getBoundingClientRect().top >= box.top - 1;
  });
  const homeReachesSeq = Number(await list.locator('[data-seq]').first().getAttribute('data-seq'));
  const nodesAtTop = await domCounts(page);
  await list.press('End');
  await list.getByText('marker volume').waitFor({ timeout: 30_000 });
  const result = {
    burst: {
      messages: burst,
      shownAfterMs: round(burstShownAt - burstStart),
      longTasks: burstTasks,
    },
    volume: {
      messages: total,
      rowsHeld: await rowsHeld(page),
      listNodes: nodes.list,
      documentNodes: nodes.document,
      heapBeforeMiB,
      heapAfterMiB: await heapMiB(cdp),
      longTasks: await longTasks(page),
      homeReachesSeq,
      listNodesAtTop: nodesAtTop.list,
    },
  };
  await marker.close();
  await page.context().close();
  return result;
}
