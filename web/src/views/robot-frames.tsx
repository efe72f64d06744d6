import { useState } from "preact/hooks";
import { mediaUrl, q } from "../api";
import type { RobotEpisodeView } from "../types";

/**
 * The episode's camera frames with a scrubber: one frame at a time (the step's own, or the latest
 * one before it), a slider over every step, and a button per correction window that jumps to it.
 */
export function FrameScrubber({ episode }: { episode: RobotEpisodeView }) {
  const found = episode.frameFound ?? [];
  const total = episode.frames.length;
  const first = Math.max(
    0,
    found.findIndex((has) => has),
  );
  const [step, setStep] = useState(first);
  if (!found.some((has) => has)) {
    return (
      <p className="muted small" data-testid="frames-missing">
        No camera frames found for this episode (the study folder's videos_&lt;session&gt; is not in
        the data or runs folder, nor an input of a recorded run).
      </p>
    );
  }
  let shown = -1;
  for (let i = Math.min(step, total - 1); i >= 0 && shown < 0; i--) if (found[i]) shown = i;
  if (shown < 0) shown = first;
  const window = episode.windows.find((each) => step >= each.start && step <= each.end);
  const url = mediaUrl(`/api/robot/frame?key=${q(episode.key)}&step=${shown}`);
  return (
    <div className="panel" data-testid="frames">
      <h3>
        Frames · step <span data-testid="frame-step">{step}</span> / {total - 1}
        {window ? (
          <span className="muted small">
            {" "}
            · in correction window {window.start}–{window.end} ({window.status})
          </span>
        ) : null}
        {episode.intervention[step] ? <span className="muted small"> · intervention</span> : null}
      </h3>
      <input
        type="range"
        min={0}
        max={Math.max(0, total - 1)}
        value={step}
        data-testid="frame-scrubber"
        aria-label="step"
        style={{ width: "100%" }}
        onInput={(event) => setStep(Number((event.currentTarget as HTMLInputElement).value))}
      />
      <div className="chips">
        {episode.windows.map((each) => (
          <button
            type="button"
            className="chip"
            key={`${each.start}-${each.end}`}
            data-window={each.start}
            onClick={() => setStep(each.start)}
          >
            window {each.start}–{each.end}
          </button>
        ))}
      </div>
      {url ? (
        <img
          src={url}
          alt={`camera frame of step ${shown}`}
          data-frame-step={shown}
          style={{ width: "min(100%, 480px)", display: "block", marginTop: "8px" }}
        />
      ) : (
        <p className="muted small">This frame is not part of the report.</p>
      )}
    </div>
  );
}
