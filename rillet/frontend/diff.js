/**
 * Apply Gradio's streaming diffs: a list of edits `[op, path, value]` with op one of
 * "replace", "append", "add", "delete" and path a list of dict keys / list indices.
 *
 * The input value is never changed: containers along each edited path are copied
 * (once per call), so a value already handed to a component stays as it was.
 */

/**
 * The value that `edits` make of `value`.
 * @param {any} value previous value (null when the output had none yet)
 * @param {Array<[string, Array<string|number>, any]>} edits
 * @returns {any}
 */
export function applyEdits(value, edits) {
  const fresh = new WeakSet();
  let root = value;
  for (const [op, path, item] of edits) root = applyOne(root, op, path || [], item, fresh);
  return root;
}

function applyOne(root, op, path, item, fresh) {
  if (path.length === 0) return applyAtRoot(root, op, item);
  const top = own(root, fresh);
  let parent = top;
  for (let i = 0; i < path.length - 1; i += 1) {
    const child = own(parent[path[i]], fresh);
    parent[path[i]] = child;
    parent = child;
  }
  applyAtKey(parent, op, path[path.length - 1], item);
  return top;
}

function applyAtRoot(root, op, item) {
  if (op === "replace") return item;
  if (op === "append") return (root ?? "") + item;
  throw new Error(`cannot apply "${op}" at the root`);
}

function applyAtKey(parent, op, key, item) {
  if (parent === null || typeof parent !== "object") {
    throw new Error(`cannot apply "${op}" inside a ${parent === null ? "null" : typeof parent}`);
  }
  const isList = Array.isArray(parent);
  switch (op) {
    case "replace":
      parent[key] = item;
      break;
    case "append":
      parent[key] = (parent[key] ?? "") + item;
      break;
    case "add":
      if (isList) parent.splice(key, 0, item);
      else parent[key] = item;
      break;
    case "delete":
      if (isList) parent.splice(key, 1);
      else delete parent[key];
      break;
    default:
      throw new Error(`unknown edit "${op}"`);
  }
}

/** A copy of a container that this call may change; scalars pass through. */
function own(node, fresh) {
  if (node === null || typeof node !== "object" || fresh.has(node)) return node;
  const copy = Array.isArray(node) ? node.slice() : { ...node };
  fresh.add(copy);
  return copy;
}
