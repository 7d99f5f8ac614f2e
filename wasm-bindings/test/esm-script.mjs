// Turns a few plain ES modules into one classic script, for hosts that evaluate scripts, not
// modules (edge-runtime's EdgeRuntime.evaluate, like Vercel's bundled Edge Functions). Only the
// forms our own files use are handled: static `import { a, b as c } from './x.js'`,
// `export function|async function|class|const|let NAME`, `export { a as b }`; anything else
// (import.meta, dynamic import, export *, default exports) is refused rather than mistranslated.

/** modules: [{ id, source }] in dependency order; ids are the import specifiers' base names
 * ('./layout.js' -> 'layout.js'). Returns the script text, which defines `const __mod = {...}`
 * with one namespace object per id. */
export function bundle(modules) {
  let out = 'const __mod = {};\n';
  for (const { id, source } of modules) {
    if (/import\.meta|\bimport\s*\(|export\s*\*|export\s+default/.test(stripComments(source))) {
      throw new Error(`${id}: uses a module form this bundler does not handle`);
    }
    const names = [];
    let body = source.replace(/^import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"];?\s*$/gm, (_, list, spec) => {
      const dep = spec.replace(/^.*\//, '');
      const binds = list.split(',').map((s) => s.trim()).filter(Boolean)
        .map((s) => s.replace(/^(\w+)\s+as\s+(\w+)$/, '$1: $2')).join(', ');
      return `const { ${binds} } = __mod[${JSON.stringify(dep)}];`;
    });
    body = body.replace(/^export\s+((?:async\s+)?function\*?|class|const|let)\s+(\w+)/gm, (_, kw, name) => {
      names.push([name, name]);
      return `${kw} ${name}`;
    });
    body = body.replace(/^export\s*\{([^}]*)\};?\s*$/gm, (_, list) => {
      for (const s of list.split(',').map((x) => x.trim()).filter(Boolean)) {
        const m = s.match(/^(\w+)(?:\s+as\s+(\w+))?$/);
        names.push([m[1], m[2] ?? m[1]]);
      }
      return '';
    });
    if (/^\s*export\b/m.test(body)) throw new Error(`${id}: an export form this bundler does not handle`);
    const ns = names.map(([local, exported]) => `${JSON.stringify(exported)}: ${local}`).join(', ');
    out += `__mod[${JSON.stringify(id)}] = (() => {\n${body}\nreturn Object.freeze({ ${ns} });\n})();\n`;
  }
  return out;
}

function stripComments(s) {
  return s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}
