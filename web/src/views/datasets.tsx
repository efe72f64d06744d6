import { q, useApi } from "../api";
import { href, navigate } from "../router";
import type { DatasetSummary, DatasetView } from "../types";
import { Json, Load } from "./common";

export function DatasetList() {
  const state = useApi<{ datasets: DatasetSummary[] }>("/api/datasets");
  return (
    <>
      <h1>Datasets</h1>
      <Load state={state}>
        {({ datasets }) =>
          datasets.length === 0 ? (
            <p className="muted">No exports in the data folder.</p>
          ) : (
            <table data-testid="datasets">
              <thead>
                <tr>
                  <th>Export</th>
                  <th>Exporters (in = written + quarantined + skipped)</th>
                </tr>
              </thead>
              <tbody>
                {datasets.map((dataset) => (
                  <tr
                    key={dataset.key}
                    className="clickable"
                    onClick={() => navigate(href("dataset", dataset.key))}
                  >
                    <td>
                      <a href={href("dataset", dataset.key)}>{dataset.name}</a>
                      <div className="muted small">{dataset.key}</div>
                    </td>
                    <td className="small">
                      {dataset.exporters.map((each) => (
                        <div key={each.exporter}>
                          <b>{each.exporter}</b>: {each.in} = {each.written} + {each.quarantined} +{" "}
                          {each.skipped}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Load>
    </>
  );
}

export function DatasetPage({ datasetKey }: { datasetKey: string }) {
  const state = useApi<DatasetView>(`/api/dataset?key=${q(datasetKey)}`);
  return (
    <Load state={state}>
      {(dataset) => (
        <div data-testid="dataset">
          <h1>
            Dataset {dataset.name} <span className="muted small">{dataset.key}</span>
          </h1>
          {dataset.warnings.map((warning) => (
            <p key={warning} className="error">
              {warning}
            </p>
          ))}
          {dataset.exporters.map((exporter) => (
            <div
              className="panel"
              key={exporter.exporter}
              data-exporter={exporter.exporter}
              style={{ marginBottom: "14px" }}
            >
              <h2>
                {exporter.exporter} <span className="muted small">{exporter.format}</span>
              </h2>
              <p data-testid="counts">
                <b>{exporter.counts.in}</b> in = <b>{exporter.counts.written}</b> written +{" "}
                <b>{exporter.counts.quarantined}</b> quarantined + <b>{exporter.counts.skipped}</b>{" "}
                skipped{" "}
                <span className={`badge ${exporter.counts.addsUp ? "ok" : "failed"}`}>
                  {exporter.counts.addsUp ? "adds up" : "does not add up"}
                </span>
              </p>
              <div className="grid2">
                <div>
                  <h3>Quarantined by reason</h3>
                  <ul className="small">
                    {Object.entries(exporter.counts.quarantinedByReason).map(([reason, count]) => (
                      <li key={reason}>
                        {reason}: {count}
                      </li>
                    ))}
                  </ul>
                </div>
                <div>
                  <h3>Skipped by reason</h3>
                  <ul className="small">
                    {Object.entries(exporter.counts.skippedByReason).map(([reason, count]) => (
                      <li key={reason}>
                        {reason}: {count}
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
              {exporter.files.map((file) => (
                <div key={file.path}>
                  <h3>
                    {file.path} ({file.rows} rows), first {file.sample.length}
                  </h3>
                  {file.sample.map((row, index) => (
                    <Json key={index} value={row} />
                  ))}
                </div>
              ))}
              <h3>Quarantine ({exporter.quarantine.total})</h3>
              <table data-testid="quarantine">
                <tbody>
                  {exporter.quarantine.records.map((record, index) => (
                    <tr key={index}>
                      <td className="small">
                        {record.reasons.map((reason) => (
                          <span key={reason} className="badge failed">
                            {reason}
                          </span>
                        ))}
                      </td>
                      <td className="small">{record.errors.join("; ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <details>
                <summary>Receipt</summary>
                <Json value={exporter.receipt} />
              </details>
            </div>
          ))}
        </div>
      )}
    </Load>
  );
}
