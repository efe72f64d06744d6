import type { UiElement } from "../input-actions/types.js";

/**
 * The macOS recorder's accessibility trees (`axtree` and `axtree_interaction` events) → a flat
 * list of on-screen elements. A node has `bbox` (`[x1, y1, x2, y2]` or `{x, y, width, height}`,
 * logical points), `role` (`AXButton`, `AXSecureTextField`, …), `title`/`description`/`name`
 * and `children` (a list, or one node). A field's `value` is never read: it may be a password.
 */
const maxElements = 50_000;
const secureRoles = new Set(["AXSecureTextField"]);

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined;

export function flattenAxtree(tree: unknown, focusedElement?: unknown): UiElement[] {
  const elements: UiElement[] = [];
  const focused = describeFocused(focusedElement);
  const stack: unknown[] = Array.isArray(tree) ? [...tree].reverse() : [tree];
  while (stack.length > 0 && elements.length < maxElements) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null || Array.isArray(node)) continue;
    const record = node as Record<string, unknown>;
    const element = toElement(record);
    if (element !== undefined) {
      if (focused !== undefined && sameElement(element, record, focused)) element.focused = true;
      elements.push(element);
    }
    const children = record.children;
    if (Array.isArray(children))
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    else if (typeof children === "object" && children !== null) stack.push(children);
  }
  // A focused element named only outside the tree still decides whether typing is masked.
  if (focused !== undefined && !elements.some((element) => element.focused)) {
    elements.push({
      x: 0,
      y: 0,
      width: 0,
      height: 0,
      role: focused.role,
      focused: true,
      ...(focused.secure ? { secure: true } : {}),
    });
  }
  return elements;
}

function toElement(node: Record<string, unknown>): UiElement | undefined {
  const role = text(node.role) ?? text(node.subrole);
  const box = readBox(node.bbox);
  if (role === undefined || box === undefined) return undefined;
  const element: UiElement = { ...box, role };
  const label = text(node.title) ?? text(node.description) ?? text(node.name);
  if (label !== undefined) element.label = label;
  if (isSecure(node)) element.secure = true;
  if (node.focused === true) element.focused = true;
  return element;
}

function isSecure(node: Record<string, unknown>): boolean {
  return secureRoles.has(String(node.role)) || secureRoles.has(String(node.subrole));
}

function readBox(bbox: unknown): Pick<UiElement, "x" | "y" | "width" | "height"> | undefined {
  let box: Pick<UiElement, "x" | "y" | "width" | "height"> | undefined;
  if (Array.isArray(bbox) && bbox.length === 4) {
    const [x1, y1, x2, y2] = bbox as number[];
    box = {
      x: x1 as number,
      y: y1 as number,
      width: (x2 as number) - (x1 as number),
      height: (y2 as number) - (y1 as number),
    };
  } else if (typeof bbox === "object" && bbox !== null) {
    const { x, y, width, height } = bbox as Record<string, number>;
    box = { x: x as number, y: y as number, width: width as number, height: height as number };
  }
  if (box === undefined) return undefined;
  const finite = [box.x, box.y, box.width, box.height].every(
    (value) => typeof value === "number" && Number.isFinite(value) && Math.abs(value) < 1e7,
  );
  return finite && box.width > 0 && box.height > 0 ? box : undefined;
}

interface FocusedDescription {
  role: string;
  secure: boolean;
  id?: string;
  box?: Pick<UiElement, "x" | "y" | "width" | "height">;
}

function describeFocused(value: unknown): FocusedDescription | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const role = text(record.role) ?? text(record.subrole);
  if (role === undefined) return undefined;
  const description: FocusedDescription = { role, secure: isSecure(record) };
  const id = text(record.id);
  if (id !== undefined) description.id = id;
  const box = readBox(record.bbox);
  if (box !== undefined) description.box = box;
  return description;
}

function sameElement(
  element: UiElement,
  node: Record<string, unknown>,
  focused: FocusedDescription,
): boolean {
  if (focused.id !== undefined) return node.id === focused.id;
  if (focused.box === undefined || element.role !== focused.role) return false;
  return (
    element.x === focused.box.x &&
    element.y === focused.box.y &&
    element.width === focused.box.width &&
    element.height === focused.box.height
  );
}

/** `data.focused_app.name` (the recorder's shape), else the older flat spellings. */
export function focusedAppName(data: Record<string, unknown>): string | undefined {
  const app = data.focused_app;
  if (typeof app === "object" && app !== null) {
    const name = text((app as Record<string, unknown>).name);
    if (name !== undefined) return name;
  }
  for (const key of ["app", "application", "app_name"]) {
    const name = text(data[key]);
    if (name !== undefined) return name;
  }
  return undefined;
}
