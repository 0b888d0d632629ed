#!/usr/bin/env node
// The npm side of bench_classify: runs a rule-based sentiment analyser from the npm
// registry over every line of a file (one complaint text per line) and prints one
// JSON line with MB/s (10^6 bytes of UTF-8 text per second).
//
//   node npm_peer_bench.js PACKAGE TEXTS [RUNS]
//
// PACKAGE is `sentiment` (AFINN word scores: a word split and one lookup per word)
// or `vader-sentiment` (VADER: negation, intensifiers, capitals, punctuation and
// "but", much as the library's classifier weighs them). The package is looked up
// normally, then under $SENTIMENT_PREFIX (default /tmp/sentiment-bench, where
// `npm install --prefix /tmp/sentiment-bench sentiment vader-sentiment` puts them).
// One untimed pass warms the JIT up, as the C side warms its matcher up. Each run's
// time is the smaller of its wall time and the process's CPU time, the more
// favourable figure for the package whichever way the shared machine leans.
'use strict';
const fs = require('fs');
const path = require('path');

function load(name) {
  try {
    return require(name);
  } catch (e) {
    const prefix = process.env.SENTIMENT_PREFIX || '/tmp/sentiment-bench';
    return require(path.join(prefix, 'node_modules', name));
  }
}

// A function from a text to a number, so that the work cannot be skipped.
function analyser(name) {
  const pkg = load(name);
  if (name === 'sentiment') {
    const analyzer = new pkg();
    return (t) => analyzer.analyze(t).score;
  }
  if (name === 'vader-sentiment') {
    return (t) => pkg.SentimentIntensityAnalyzer.polarity_scores(t).compound;
  }
  throw new Error(`unknown package ${name}`);
}

function pass(score, texts) {
  let sum = 0;
  for (const t of texts) sum += score(t);
  return sum;
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function main() {
  const [name, file] = process.argv.slice(2, 4);
  const runs = Number(process.argv[4] || 5);
  const score = analyser(name);
  const texts = fs.readFileSync(file, 'utf8').split('\n').filter((t) => t.length > 0);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  let checksum = pass(score, texts);
  const rates = [];
  for (let r = 0; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    const wall0 = process.hrtime.bigint();
    checksum += pass(score, texts);
    const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    rates.push(bytes / 1e6 / Math.min(wall, cpuSeconds));
  }
  rates.sort((a, b) => a - b);
  console.log(JSON.stringify({package: name, texts: texts.length, bytes, runs: rates,
    mb_per_s: median(rates), checksum, node: process.version}));
}

main();
