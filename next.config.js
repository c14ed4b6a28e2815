/** @type {import('next').NextConfig} */
const nextConfig = {
  // `npm test` runs tsc and ESLint on their own; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // piscina starts its workers from its own files in node_modules: it must not be bundled.
  serverExternalPackages: ["better-sqlite3", "piscina"],
  reactStrictMode: true,
};

module.exports = nextConfig;
