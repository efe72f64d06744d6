import type { Trace } from "../core/trace.js";
import type { SourceWarning } from "../sources/types.js";
import { actionToCode, pythonBlock, targetComment } from "./action-code.js";
import { conversationTurns } from "./conversation-turns.js";
import { frameSpaceMappers, imageMapper, mapActionPoints } from "./image-space.js";
import type { SftMessage } from "./sft-message.js";

export type ReadImage = (path: string) => Promise<Buffer>;

export interface TraceToSftOptions {
  /** Reads a frame (path relative to the session output folder) as JPEG bytes. */
  readImage: ReadImage;
  /**
   * "frame" (default): coordinates in the pixels of the screenshot shown with the action;
   * "screen": physical screen pixels. Without frames both are physical pixels.
   */
  coordinateSpace?: "frame" | "screen";
  /** Idle frames (screenshots with no action) as user image messages. Default false. */
  includeIdleFrames?: boolean;
  /** `scroll(n, x=…, y=…)` instead of `scroll(n)`. Default false. */
  scrollWithPosition?: boolean;
  /** Told about frames that could not be read; the message is left out and the run goes on. */
  onWarning?: (warning: SourceWarning) => void;
}

/** Loads a frame as base64, or reports why not. Shared by every format that embeds images. */
export async function loadFrameBase64(
  path: string,
  readImage: ReadImage,
  onWarning?: (warning: SourceWarning) => void,
): Promise<string | undefined> {
  try {
    return (await readImage(path)).toString("base64");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    onWarning?.({ code: "frame_unreadable", message: `frame not embedded: ${reason}`, file: path });
    return undefined;
  }
}

/**
 * sft.json: the task, then in time order the session's messages and, per action, the screenshot
 * taken just before it (a user image message, when the step has a frame) and the action as an
 * assistant ```python block. Rewards and focus changes are not messages.
 */
export async function traceToSft(trace: Trace, options: TraceToSftOptions): Promise<SftMessage[]> {
  const space = options.coordinateSpace ?? "frame";
  const mappers = space === "frame" ? frameSpaceMappers(trace) : undefined;
  const physical = imageMapper(undefined, undefined);
  const messages: SftMessage[] = [];
  const image = async (path: string, timestamp: number) => {
    const data = await loadFrameBase64(path, options.readImage, options.onWarning);
    if (data !== undefined)
      messages.push({ role: "user", content: { type: "image", data }, timestamp });
  };
  for (const turn of conversationTurns(trace)) {
    switch (turn.kind) {
      case "task":
        messages.push({ role: "user", content: turn.text, timestamp: turn.timestamp });
        break;
      case "text":
        messages.push({ role: turn.role, content: turn.text, timestamp: turn.timestamp });
        break;
      case "idle":
        if (options.includeIdleFrames && turn.step.frame) {
          await image(turn.step.frame.path, turn.timestamp);
        }
        break;
      case "action": {
        if (turn.step.frame) await image(turn.step.frame.path, turn.timestamp);
        const map = mappers?.get(turn.step) ?? physical;
        let code = actionToCode(mapActionPoints(turn.action, map), {
          scrollWithPosition: options.scrollWithPosition ?? false,
        });
        if (code !== undefined && turn.step.target !== undefined)
          code = `${code}  ${targetComment(turn.step.target)}`;
        if (code !== undefined) {
          messages.push({
            role: "assistant",
            content: pythonBlock(code),
            timestamp: turn.timestamp,
          });
        }
        break;
      }
    }
  }
  return messages;
}
