// The same image jobs as catalog.images, through sharp (libvips), for
// scripts/bench_images.py. Not part of the build.
//
//   node scripts/bench_sharp.mjs SPEC.json   ->  JSON result on stdout
//
// SPEC: {outDir, concurrency, avif: {...}, jpeg: {...}, og: {...},
//        jobs: [{source, name, widths: [..], og: width}]}
// Per job: read the file, then one pipeline per output (sharp's idiom; each
// uses shrink-on-load for its own width), auto-orient with rotate(), resize
// with lanczos3 (the default), and write AVIF and JPEG without metadata
// (sharp's default: no EXIF/XMP, converted to sRGB, no ICC profile kept).
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

const spec = JSON.parse(await readFile(process.argv[2], "utf8"));
sharp.cache(false); // every run starts cold, like an empty catalog cache
await mkdir(spec.outDir, { recursive: true });

const bytes = {}; // format -> width -> [bytes]
function record(format, width, size) {
  ((bytes[format] ??= {})[width] ??= []).push(size);
}

async function one(job) {
  const input = await readFile(job.source);
  const outputs = [];
  for (const width of job.widths) {
    const resized = () => sharp(input).rotate().resize({ width });
    outputs.push(
      resized().avif(spec.avif).toFile(path.join(spec.outDir, `${job.name}-${width}.avif`))
        .then((info) => record("avif", width, info.size)),
      resized().jpeg(spec.jpeg).toFile(path.join(spec.outDir, `${job.name}-${width}.jpg`))
        .then((info) => record("jpeg", width, info.size)),
    );
  }
  if (!job.widths.includes(job.og) || spec.og.quality !== spec.jpeg.quality) {
    outputs.push(
      sharp(input).rotate().resize({ width: job.og }).jpeg(spec.og)
        .toFile(path.join(spec.outDir, `${job.name}-og.jpg`))
        .then((info) => record("og", job.og, info.size)),
    );
  }
  await Promise.all(outputs);
}

const started = process.hrtime.bigint();
const queue = [...spec.jobs];
async function worker() {
  for (let job = queue.shift(); job; job = queue.shift()) await one(job);
}
await Promise.all(Array.from({ length: spec.concurrency }, worker));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

process.stdout.write(JSON.stringify({
  seconds,
  images: spec.jobs.length,
  bytes,
  versions: { sharp: sharp.versions.sharp, vips: sharp.versions.vips, aom: sharp.versions.aom },
}));
