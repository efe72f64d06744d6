/**
 * src/doctor: checks that the machine can run tracemill (Node, ffmpeg/ffprobe, bubblewrap,
 * writable folders, the configured model and embedding endpoints), each with a fix.
 */
export type { DoctorCheck, DoctorEnvironment } from "./checks.js";
export { type DoctorReport, renderDoctorReport, runDoctor } from "./run-doctor.js";
