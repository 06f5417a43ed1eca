/**
 * State: invisible; keeps a value and hands it back as its payload.
 */

import { applyCommon, sameValue } from "rillet/block.js";

/**
 * Mount a state holder on `el` (which stays hidden).
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value)
 * @param {Object} ctx {emit, upload, url, id}
 * @returns {{get(): any, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  el.classList.add("rillet-state");
  applyCommon(el, { elem_id: props.elem_id, elem_classes: props.elem_classes });
  el.hidden = true;
  let value = props.value ?? null;
  return {
    get: () => value,
    set(next) {
      const v = next ?? null;
      if (sameValue(v, value)) return;
      value = v;
      ctx.emit("change");
    },
    setProps(update) {
      if ("value" in update) this.set(update.value);
    },
  };
}
