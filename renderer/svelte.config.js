// CommonJS on purpose: the repository's package.json has no "type": "module",
// and both vite-plugin-svelte and svelte-check load this file with import().
/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
module.exports = {
  compilerOptions: {
    // Runes everywhere: no legacy reactive statements sneak in.
    runes: true,
  },
};
