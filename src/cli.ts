// `lore` command line: index / search / ask / status over the pure core (DESIGN.md).
console.error('lore: not implemented yet');
process.exitCode = 1;
