#!/usr/bin/env node
// The npm `sentiment` side of bench_classify: analyzes every line of a file (one
// complaint text per line) and prints one JSON line with MB/s (10^6 bytes of UTF-8
// text per second).
//
//   node sentiment_bench.js TEXTS [RUNS]
//
// The package is looked up normally, then under $SENTIMENT_PREFIX (default
// /tmp/sentiment-bench, where `npm install --prefix /tmp/sentiment-bench sentiment`
// puts it). One untimed pass warms the JIT up, as the C side warms its matcher up.
// Each run's time is the smaller of its wall time and the process's CPU time, the
// more favourable figure for the package whichever way the shared machine leans.
'use strict';
const fs = require('fs');
const path = require('path');

function loadSentiment() {
  try {
    return require('sentiment');
  } catch (e) {
    const prefix = process.env.SENTIMENT_PREFIX || '/tmp/sentiment-bench';
    return require(path.join(prefix, 'node_modules', 'sentiment'));
  }
}

function pass(analyzer, texts) {
  let score = 0;
  for (const t of texts) score += analyzer.analyze(t).score;
  return score;
}

function main() {
  const file = process.argv[2];
  const runs = Number(process.argv[3] || 5);
  const Sentiment = loadSentiment();
  const analyzer = new Sentiment();
  const texts = fs.readFileSync(file, 'utf8').split('\n').filter((t) => t.length > 0);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  let checksum = pass(analyzer, texts);
  const rates = [];
  for (let r = 0; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    const wall0 = process.hrtime.bigint();
    checksum += pass(analyzer, texts);
    const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    rates.push(bytes / 1e6 / Math.min(wall, cpuSeconds));
  }
  rates.sort((a, b) => a - b);
  const median = rates.length % 2 ? rates[(rates.length - 1) / 2]
    : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
  console.log(JSON.stringify({texts: texts.length, bytes, runs: rates, mb_per_s: median,
    checksum, node: process.version}));
}

main();
