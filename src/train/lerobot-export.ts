/**
 * `tracemill train --lerobot`'s writer: the LeRobot dataset writer of the export layer
 * (src/export/writers/lerobot-writer.ts), the one place LeRobot bytes are made. Robot datasets
 * that should pass the export firewall (quarantine, receipt, provenance) go through
 * `runLeRobotExport` (src/export/run-lerobot-export.ts), which calls the same writer.
 */
export {
  type LeRobotExportOptions,
  type LeRobotExportResult,
  leRobotCodebaseVersion,
  writeLeRobotDataset as exportLeRobot,
} from "../export/writers/lerobot-writer.js";
