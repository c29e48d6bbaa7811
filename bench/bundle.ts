import { join } from 'node:path';
import { build } from 'esbuild';
import { bundledHandler } from '#infra/constructs/function.ts';

/**
 * Bundles functions/<folder>/handler.ts into `<dir>/<folder>/index.mjs` exactly as the deploy does
 * (the esbuild options of infra's `bundledHandler`, the AWS SDK inside), so that every bench measures
 * what runs in Lambda. `minify: false` keeps function names for a CPU profile; nothing else differs.
 */
export async function bundleHandler(
  folder: string,
  dir: string,
  options: { minify?: boolean } = {},
): Promise<string> {
  const { entry, bundling } = bundledHandler(folder);
  const outfile = join(dir, folder, 'index.mjs');
  // the options NodejsFunction passes esbuild for these props (bundle, platform node, --outfile index.mjs)
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    minify: options.minify ?? bundling.minify,
    target: bundling.target,
    format: 'esm',
    mainFields: bundling.mainFields,
    external: bundling.externalModules,
    banner: { js: bundling.banner },
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
