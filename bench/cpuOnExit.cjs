// Preloaded (`node --require`) into a process the bench times: on exit, writes the process's own CPU
// time (user + system, all threads, in ms) to LORE_BENCH_CPU_FILE. On a shared, loaded machine
// wall time swings with the load; CPU time says what the process itself cost.
const { writeFileSync } = require('node:fs');
const file = process.env.LORE_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    writeFileSync(file, String((u.user + u.system) / 1000));
  });
}
