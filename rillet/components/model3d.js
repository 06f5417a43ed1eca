/**
 * Model3D. Payload: a FileData ({path, url, orig_name, ...}) of a .obj, .glb, .gltf, .stl,
 * .ply or .splat file, or null.
 *
 * The model is drawn with the pinned three.js (rillet/vendor, loaded only once a model is
 * shown): the app's file is fetched, parsed by the loader of its extension, centred, and
 * viewed by a camera the mouse orbits (drag), zooms (wheel) and pans (right drag);
 * `zoom_speed` and `pan_speed` scale those, `camera_position` ([alpha, beta, radius],
 * degrees; null parts: a front view that fits the model) sets where the camera starts and
 * where "Reset camera" puts it back, `clear_color` (RGBA, 0..1) is the background,
 * `display_mode` draws it "solid", as a "wireframe" or as a "point_cloud". A .splat file
 * (Gaussian splats) is drawn as coloured points. Without WebGL 2 the frame says so (the
 * download button still works).
 *
 * Input (interactive): a drop zone that is also a file picker; the file uploads and
 * becomes the value ("upload", "change"); × empties it ("clear", "change").
 */

import { addStyles, applyCommon, h, makeLabel, uid } from "rillet/block.js";
import { emptyState, fileName, icon, toolbar } from "rillet/toolbar.js";

/** What the picker offers and the view draws. */
const EXTENSIONS = [".obj", ".glb", ".gltf", ".stl", ".ply", ".splat"];
/** The vendored modules (the page's import map; the server's vendor route). */
const THREE = "three";
const VENDOR = "rillet/vendor/";
/** A cube on the 24x24 grid of the toolbar's icons (an empty output's icon). */
const CUBE = "M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5";
/** An anticlockwise arrow: put the camera back. */
const RESET = "M4 9a8 8 0 1 1 1.5 7.5M4 4v5h5";
const DEFAULT_HEIGHT = 240;
/** Colour of models that bring none (STL, PLY without vertex colours). */
const PLAIN = 0xb8bcc4;

/**
 * Mount a 3D model view into `el`.
 * @param {HTMLElement} el component root
 * @param {Object} props config props (value, label, interactive, clear_color, camera_position, ...)
 * @param {Object} ctx {emit, upload, url, id, toast}
 * @returns {{get(): Object|null, set(value: any): void, setProps(props: Object): void}}
 */
export function mount(el, props, ctx) {
  addStyles("model3d", CSS);
  return new Model3DView(el, props, ctx);
}

/**
 * Whether this browser can draw with WebGL 2 (what three.js needs).
 * @returns {boolean}
 */
export function hasWebGL2() {
  try {
    const gl = document.createElement("canvas").getContext("webgl2");
    if (!gl) return false;
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return true;
  } catch {
    return false;
  }
}

/**
 * The lower-case extension of a FileData's name (".glb"), or "".
 * @param {Object|null} value
 * @returns {string}
 */
export function extensionOf(value) {
  const name = fileName(value, "").toLowerCase();
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot);
}

/**
 * The camera's starting place around a model of bounding radius `size`: Gradio's
 * [alpha, beta, radius] (degrees around the vertical axis and from the top; null parts
 * default to a front view at a distance that fits the model).
 * @param {Array<number|null>|null|undefined} position
 * @param {number} size
 * @param {number} fov vertical field of view, degrees
 * @param {number} aspect the view's width / height (a narrow view fits the model's width)
 * @returns {{x: number, y: number, z: number}}
 */
export function cameraPlace(position, size, fov, aspect = 1) {
  const [alpha, beta, radius] = Array.isArray(position) ? position : [];
  const a = ((alpha ?? 90) * Math.PI) / 180;
  const b = ((beta ?? 90) * Math.PI) / 180;
  const halfV = (fov * Math.PI) / 360;
  const half = Math.min(halfV, Math.atan(Math.tan(halfV) * aspect));
  const fit = (Math.max(size, 1e-6) / Math.sin(half)) * 1.1;
  const r = typeof radius === "number" && radius > 0 ? radius : fit;
  return { x: r * Math.cos(a) * Math.sin(b), y: r * Math.cos(b), z: r * Math.sin(a) * Math.sin(b) };
}

class Model3DView {
  constructor(el, props, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.props = { ...props };
    this.value = props.value ?? null;
    this.token = 0;
    this.inputId = uid("model3d");
    /** @type {any} the drawing (renderer, scene, camera, controls) once WebGL is in use */
    this.stage = null;
    this.shownUrl = null;
    this.label = makeLabel(this.props, null);
    this.tools = h("div", { class: "rillet-model3d-tools" });
    this.frame = h("div", { class: "rillet-model3d-frame", "data-testid": "model3d" });
    this.bar = toolbar(["download"], {
      download: () => this.urlOf(this.value),
      downloadName: () => fileName(this.value, "model"),
    });
    this.resetButton = h("button", { type: "button", class: "rillet-toolbar-button", title: "Reset camera",
      "aria-label": "Reset camera", "data-action": "reset" });
    this.resetButton.append(icon(RESET));
    this.resetButton.addEventListener("click", () => this.resetCamera());
    this.clearButton = h("button", { type: "button", class: "rillet-toolbar-button", title: "Clear",
      "aria-label": "Clear", "data-action": "clear" });
    this.clearButton.append(icon("M6 6l12 12M18 6L6 18"));
    this.clearButton.addEventListener("click", () => this.clear());
    this.picker = h("input", { id: this.inputId, type: "file", accept: EXTENSIONS.join(","),
      class: "rillet-file-input" });
    this.picker.addEventListener("change", () => {
      const file = this.picker.files && this.picker.files[0];
      this.picker.value = "";
      if (file) this.uploadFile(file);
    });
    el.classList.add("rillet-model3d");
    el.append(h("div", { class: "rillet-model3d-head" }, [this.label.el, this.tools]), this.frame);
    applyCommon(el, this.props);
    this.applySize();
    this.listenForDrops();
    this.render();
  }

  /** @returns {Object|null} */
  get() {
    return this.value;
  }

  /** @param {Object|null} value FileData */
  set(value) {
    const next = value ?? null;
    const same = this.urlOf(next) === this.urlOf(this.value);
    this.value = next;
    if (same) return;
    this.render();
    this.ctx.emit("change");
  }

  /** @param {Object} props partial prop update */
  setProps(props) {
    Object.assign(this.props, props);
    applyCommon(this.el, props);
    this.label.update(props);
    if ("height" in props) this.applySize();
    const redraw = ["interactive", "display_mode", "clear_color", "camera_position", "zoom_speed", "pan_speed"]
      .some((k) => k in props);
    if (redraw) this.shownUrl = null;
    if ("value" in props) this.set(props.value);
    else if (redraw) this.render();
  }

  get interactive() {
    return this.props.interactive === true;
  }

  urlOf(value) {
    return value ? this.ctx.url(value) : null;
  }

  applySize() {
    const height = this.props.height ?? DEFAULT_HEIGHT;
    this.frame.style.height = typeof height === "number" ? `${height}px` : String(height);
  }

  /** The tools and the frame's content for the current value. */
  render() {
    const url = this.urlOf(this.value);
    this.bar.update();
    this.frame.classList.toggle("rillet-model3d-dropzone", this.interactive && !url);
    /** @type {HTMLElement[]} */
    const tools = [];
    if (url) tools.push(this.resetButton);
    tools.push(this.bar.el);
    if (this.interactive && url) tools.push(this.clearButton);
    this.tools.replaceChildren(...tools);
    if (!url) {
      this.token += 1;
      this.shownUrl = null;
      this.dropStage();
      this.frame.replaceChildren(this.picker, this.placeholder());
      return;
    }
    if (url !== this.shownUrl) this.draw(url);
  }

  placeholder() {
    if (this.interactive) {
      return emptyState({ icon: "upload", lines: ["Drop File Here", "- or -", "Click to Upload"],
        for: this.inputId, testid: "model3d-drop" });
    }
    const empty = emptyState({ icon: "upload", lines: [], testid: "model3d-empty" });
    empty.querySelector(".rillet-empty-icon")?.replaceChildren(icon(CUBE));
    return empty;
  }

  /** @param {string} text @param {string} state "loading" | "error" | "nogl" */
  message(text, state) {
    this.frame.replaceChildren(this.picker, h("div", { class: "rillet-model3d-message",
      "data-state": state, text }));
  }

  /** Fetch, parse and show the model at `url` (the latest call wins). */
  async draw(url) {
    const token = ++this.token;
    this.shownUrl = url;
    this.message("Loading 3D model…", "loading");
    this.el.dataset.model3d = "loading";
    const ext = extensionOf(this.value);
    try {
      if (!EXTENSIONS.includes(ext)) throw new Error(`${ext || "this file type"} is not a 3D model type it can draw`);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
      const data = await response.arrayBuffer();
      if (token !== this.token) return;
      this.el.dataset.bytes = String(data.byteLength);
      if (!hasWebGL2()) {
        this.dropStage();
        this.message("This browser cannot draw 3D models (WebGL 2 is unavailable). Use the download button to get the file.", "nogl");
        this.el.dataset.model3d = "nogl";
        return;
      }
      const THREE_ = await import(THREE);
      const object = await parseModel(THREE_, ext, data, url);
      if (token !== this.token) return;
      const stage = await this.ensureStage(THREE_);
      if (token !== this.token) return;
      this.showObject(THREE_, stage, object);
      this.el.dataset.model3d = "shown";
    } catch (err) {
      if (token !== this.token) return;
      this.dropStage();
      this.message(`Could not draw this model: ${err.message || err}`, "error");
      this.el.dataset.model3d = "error";
      console.warn("rillet: gr.Model3D could not draw", url, err);
    }
  }

  /** The renderer, scene, camera and controls (made once, while a model is shown). */
  async ensureStage(T) {
    if (this.stage) return this.stage;
    const { OrbitControls } = await import(`${VENDOR}three-OrbitControls.js`);
    const renderer = new T.WebGLRenderer({ antialias: true, alpha: true, preserveDrawingBuffer: true });
    renderer.setPixelRatio(window.devicePixelRatio || 1);
    const camera = new T.PerspectiveCamera(45, 1, 0.01, 1000);
    const scene = new T.Scene();
    scene.add(new T.HemisphereLight(0xffffff, 0x555555, 1.6));
    const sun = new T.DirectionalLight(0xffffff, 1.8);
    sun.position.set(1, 2, 3);
    camera.add(sun);
    scene.add(camera);
    const controls = new OrbitControls(camera, renderer.domElement);
    const stage = { renderer, camera, scene, controls, object: null, draw: () => renderer.render(scene, camera) };
    controls.addEventListener("change", stage.draw);
    renderer.domElement.classList.add("rillet-model3d-canvas");
    renderer.domElement.setAttribute("data-testid", "model3d-canvas");
    stage.resizer = new ResizeObserver(() => this.fit());
    stage.resizer.observe(this.frame);
    this.stage = stage;
    return stage;
  }

  /** Size the canvas to the frame and redraw. */
  fit() {
    const stage = this.stage;
    if (!stage) return;
    const width = Math.max(1, this.frame.clientWidth);
    const height = Math.max(1, this.frame.clientHeight);
    stage.renderer.setSize(width, height, false);
    stage.camera.aspect = width / height;
    stage.camera.updateProjectionMatrix();
    stage.draw();
  }

  /** Put `object` on the stage, centred, in the display mode, with the camera placed. */
  showObject(T, stage, object) {
    if (stage.object) disposeObject(stage.scene, stage.object);
    const shown = styled(T, object, this.props.display_mode);
    const box = new T.Box3().setFromObject(shown);
    const centre = box.isEmpty() ? new T.Vector3() : box.getCenter(new T.Vector3());
    const size = box.isEmpty() ? 1 : box.getBoundingSphere(new T.Sphere()).radius;
    shown.position.sub(centre);
    const holder = new T.Group();
    holder.add(shown);
    stage.scene.add(holder);
    stage.object = holder;
    const [r, g, b, a] = (Array.isArray(this.props.clear_color) ? this.props.clear_color : [0, 0, 0, 0])
      .map((v) => Math.min(1, Math.max(0, Number(v) || 0)));
    stage.renderer.setClearColor(new T.Color().setRGB(r, g, b, T.SRGBColorSpace), a);
    const aspect = Math.max(1, this.frame.clientWidth) / Math.max(1, this.frame.clientHeight);
    const place = cameraPlace(this.props.camera_position, size, stage.camera.fov, aspect);
    const distance = Math.hypot(place.x, place.y, place.z);
    stage.camera.near = Math.max(distance / 1000, size / 1000);
    stage.camera.far = (distance + size) * 20;
    stage.camera.position.set(place.x, place.y, place.z);
    stage.camera.lookAt(0, 0, 0);
    stage.controls.target.set(0, 0, 0);
    stage.controls.zoomSpeed = Number(this.props.zoom_speed ?? 1);
    stage.controls.panSpeed = Number(this.props.pan_speed ?? 1);
    stage.controls.update();
    stage.controls.saveState();
    this.frame.replaceChildren(this.picker, stage.renderer.domElement);
    this.fit();
  }

  resetCamera() {
    if (!this.stage) return;
    this.stage.controls.reset();
    this.stage.draw();
  }

  /** Give the WebGL context back (a page may hold only a few). */
  dropStage() {
    const stage = this.stage;
    if (!stage) return;
    this.stage = null;
    stage.resizer.disconnect();
    stage.controls.dispose();
    if (stage.object) disposeObject(stage.scene, stage.object);
    stage.renderer.dispose();
    stage.renderer.forceContextLoss();
    stage.renderer.domElement.remove();
  }

  listenForDrops() {
    const over = (/** @type {DragEvent} */ e, on) => {
      if (!this.interactive) return;
      e.preventDefault();
      this.frame.classList.toggle("rillet-dragover", on);
    };
    this.frame.addEventListener("dragenter", (e) => over(e, true));
    this.frame.addEventListener("dragover", (e) => over(e, true));
    this.frame.addEventListener("dragleave", (e) => over(e, false));
    this.frame.addEventListener("drop", (e) => {
      if (!this.interactive) return;
      e.preventDefault();
      this.frame.classList.remove("rillet-dragover");
      const file = e.dataTransfer && e.dataTransfer.files[0];
      if (file) this.uploadFile(file);
    });
  }

  /** Upload `file` (one of EXTENSIONS) as the new value. @param {File} file */
  async uploadFile(file) {
    const name = file.name.toLowerCase();
    if (!EXTENSIONS.some((ext) => name.endsWith(ext))) {
      this.ctx.toast?.({ level: "warning", title: "Invalid file type",
        message: `${file.name}: not one of ${EXTENSIONS.join(", ")}.` });
      return;
    }
    const token = ++this.token;
    this.message(`Uploading ${file.name}…`, "loading");
    this.el.classList.add("rillet-uploading");
    try {
      const [data] = await this.ctx.upload([file]);
      if (token !== this.token) return;
      this.value = data;
      this.render();
      this.ctx.emit("upload");
      this.ctx.emit("change");
    } catch (err) {
      if (token !== this.token) return;
      this.ctx.toast?.({ level: "error", title: "Upload failed", message: err.message || String(err) });
      this.shownUrl = null;
      this.render();
    } finally {
      this.el.classList.remove("rillet-uploading");
    }
  }

  clear() {
    if (this.value === null) return;
    this.value = null;
    this.render();
    this.ctx.emit("clear");
    this.ctx.emit("change");
  }
}

/**
 * The three.js object drawn for the file's bytes.
 * @param {any} T the three module
 * @param {string} ext ".obj", ".glb", ...
 * @param {ArrayBuffer} data
 * @param {string} url where it came from (a glTF's other files are beside it)
 * @returns {Promise<any>}
 */
async function parseModel(T, ext, data, url) {
  if (ext === ".obj") {
    const { OBJLoader } = await import(`${VENDOR}three-OBJLoader.js`);
    return new OBJLoader().parse(new TextDecoder().decode(data));
  }
  if (ext === ".glb" || ext === ".gltf") {
    const { GLTFLoader } = await import(`${VENDOR}three-GLTFLoader.js`);
    const loader = new GLTFLoader();
    loader.register((parser) => pagePolicyPlugin(T, parser));
    const base = url.slice(0, url.lastIndexOf("/") + 1);
    const gltf = await new Promise((resolve, reject) => loader.parse(data, base, resolve, reject));
    return gltf.scene;
  }
  if (ext === ".stl") {
    const { STLLoader } = await import(`${VENDOR}three-STLLoader.js`);
    const geometry = new STLLoader().parse(data);
    return new T.Mesh(geometry, plainMaterial(T, geometry));
  }
  if (ext === ".ply") {
    const { PLYLoader } = await import(`${VENDOR}three-PLYLoader.js`);
    const geometry = new PLYLoader().parse(data);
    if (!geometry.index) return pointsOf(T, geometry, null);
    if (!geometry.getAttribute("normal")) geometry.computeVertexNormals();
    return new T.Mesh(geometry, plainMaterial(T, geometry));
  }
  const { SPLATLoader } = await import(`${VENDOR}three-SPLATLoader.js`);
  return pointsOf(T, new SPLATLoader().parse(data), null);
}

/**
 * A glTF loader plugin that keeps within the page's Content-Security-Policy (connections
 * only to the app): buffers embedded as data: URIs are decoded here rather than fetched,
 * and textures load through `<img>` (images may come from data: and blob: URLs).
 * @param {any} T the three module
 * @param {any} parser three's GLTFParser
 */
function pagePolicyPlugin(T, parser) {
  parser.textureLoader = new T.TextureLoader(parser.options.manager);
  /** @type {Map<number, ArrayBuffer>} */
  const decoded = new Map();
  return {
    name: "rillet_page_policy",
    loadBufferView(index) {
      const view = parser.json.bufferViews[index];
      const source = parser.json.buffers[view.buffer];
      if (!source || typeof source.uri !== "string" || !source.uri.startsWith("data:")) return null;
      if (!decoded.has(view.buffer)) decoded.set(view.buffer, dataUriBytes(source.uri));
      const start = view.byteOffset || 0;
      return Promise.resolve(decoded.get(view.buffer).slice(start, start + view.byteLength));
    },
  };
}

/**
 * The bytes of a base64 data: URI.
 * @param {string} uri
 * @returns {ArrayBuffer}
 */
function dataUriBytes(uri) {
  const comma = uri.indexOf(",");
  const text = atob(uri.slice(comma + 1));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes.buffer;
}

/** A lit material in the geometry's vertex colours, else a plain grey. */
function plainMaterial(T, geometry) {
  const coloured = Boolean(geometry.getAttribute("color"));
  return new T.MeshStandardMaterial({ color: coloured ? 0xffffff : PLAIN, vertexColors: coloured,
    roughness: 0.6, metalness: 0.05, side: T.DoubleSide });
}

/** `geometry` as points (its vertex colours, else `color` or grey), sized to the model. */
function pointsOf(T, geometry, color) {
  geometry.computeBoundingSphere();
  const radius = geometry.boundingSphere ? geometry.boundingSphere.radius : 1;
  const colours = geometry.getAttribute("color");
  const material = new T.PointsMaterial({
    size: Math.max(radius / 90, 1e-4),
    vertexColors: Boolean(colours),
    color: colours ? 0xffffff : color ?? PLAIN,
    transparent: Boolean(colours && colours.itemSize === 4),
  });
  return new T.Points(geometry, material);
}

/**
 * `object` in Gradio's `display_mode`: as it is ("solid"), its meshes as wireframes, or
 * their vertices as points ("point_cloud").
 * @param {any} T the three module
 * @param {any} object
 * @param {string|null|undefined} mode
 * @returns {any}
 */
function styled(T, object, mode) {
  if (mode !== "wireframe" && mode !== "point_cloud") return object;
  const root = new T.Group(); // a parent even for a lone mesh (STL, PLY)
  root.add(object);
  const meshes = [];
  root.traverse((node) => {
    if (node.isMesh) meshes.push(node);
  });
  for (const mesh of meshes) {
    const materials = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    if (mode === "wireframe") {
      for (const m of materials) m.wireframe = true;
      continue;
    }
    const color = materials[0] && materials[0].color ? materials[0].color.getHex() : null;
    const points = pointsOf(T, mesh.geometry, color);
    points.position.copy(mesh.position);
    points.quaternion.copy(mesh.quaternion);
    points.scale.copy(mesh.scale);
    mesh.parent.add(points);
    mesh.parent.remove(mesh);
    for (const m of materials) m.dispose();
  }
  return root;
}

/** Remove `object` from `scene` and free its geometries and materials. */
function disposeObject(scene, object) {
  scene.remove(object);
  object.traverse((node) => {
    if (node.geometry) node.geometry.dispose();
    const materials = Array.isArray(node.material) ? node.material : node.material ? [node.material] : [];
    for (const m of materials) {
      for (const value of Object.values(m)) {
        if (value && value.isTexture) value.dispose();
      }
      m.dispose();
    }
  });
}

const CSS = `
.rillet-model3d-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; }
.rillet-model3d-tools { display: flex; align-items: center; gap: 4px; margin: -4px -4px 4px auto; }
.rillet-model3d-tools .rillet-toolbar { position: static; }
.rillet-model3d-tools .rillet-toolbar-button svg { width: 16px; height: 16px; fill: none; stroke: currentColor;
  stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
.rillet-model3d-frame { position: relative; display: flex; align-items: center; justify-content: center;
  min-height: 120px; border-radius: 6px; overflow: hidden; }
.rillet-model3d-dropzone { border: 2px dashed var(--rillet-input-border); background: var(--rillet-subtle); }
.rillet-model3d-dropzone.rillet-dragover { border-color: var(--rillet-primary); }
.rillet-model3d-canvas { display: block; width: 100%; height: 100%; cursor: grab; touch-action: none; }
.rillet-model3d-canvas:active { cursor: grabbing; }
.rillet-model3d-message { padding: 16px; color: var(--rillet-muted); text-align: center; }
.rillet-model3d-message[data-state="nogl"], .rillet-model3d-message[data-state="error"] {
  color: var(--rillet-text); }
.rillet-uploading .rillet-model3d-frame { opacity: 0.6; }
`;
