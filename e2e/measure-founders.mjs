// Measures the page for the three founders of issue 22 (not a test: run
// with `node e2e/measure-founders.mjs [tag]` after ./build.sh site): at
// 375 px, in zh and en, the screens and questions to a settled result, the
// headline, and the page's height; a full-page screenshot of each in
// test-output/founder-<tag>-<n>-<lang>.png. Prints one JSON line per run.
import { launch, startServer, waitReady, screenshotPath } from "./harness.mjs";
import { catalogue, settled, walk } from "./page.mjs";

export const founders = [
  {
    name: "nanming-software",
    date: "2026-12-07",
    answers: {
      organisation_kind: "company", registered_district: "nanming", tax_district: "nanming",
      registration_date: "2014-03-01", industries: ["software"],
      hightech_certified: true, hightech_cert_year: 2025, software_certified: true, software_cert_year: 2025,
      invention_patents: 2, nanming_utility_patents: 3, nanming_software_copyrights: 5,
    },
  },
  {
    name: "jingan-bigdata-1y",
    date: "2026-12-07",
    answers: {
      organisation_kind: "company", registered_district: "jingan", tax_district: "jingan",
      registration_date: "2025-12-01", industries: ["big_data"], size_sector: "software", headcount: 12, revenue_last_year: 3000000,
      jingan_growth_stage: "startup",
    },
  },
  {
    name: "jiading-iot",
    date: "2026-12-07",
    answers: {
      organisation_kind: "company", registered_district: "jiading", tax_district: "jiading",
      registration_date: "2020-05-01", industries: ["iot", "advanced_manufacturing"],
    },
  },
];

const tag = process.argv[2] || "now";
const server = await startServer();
const browser = await launch();
try {
  for (const f of founders) {
    for (const lang of ["zh", "en"]) {
      const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
      const page = await context.newPage();
      await page.goto(server.url + (lang === "en" ? "?lang=en" : ""));
      await waitReady(page);
      const cat = await catalogue(page);
      let screens = 0;
      const { answered } = await walk(page, cat, f, lang, { onScreen: () => { screens++; } });
      await settled(page);
      const m = await page.evaluate(() => ({
        headline: (document.querySelector("#headline")?.innerText || "").replace(/\s+/g, " ").trim(),
        height: document.documentElement.scrollHeight,
        open: Number(document.documentElement.dataset.open),
        reportTop: Math.round(document.querySelector("#report").getBoundingClientRect().top + scrollY),
      }));
      const file = screenshotPath(`founder-${tag}-${f.name}-${lang}`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(JSON.stringify({ tag, founder: f.name, lang, screens, questions: Object.keys(answered).length, ...m }));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
