// The page's vendored libraries, served under /static/vendor/ (see rillet/server/app.py):
// shipped minified, without types, so declared here as untyped.
declare module "rillet/vendor/markdown-it.mjs" {
  const markdownit: (options?: Record<string, unknown>) => any;
  export default markdownit;
}
