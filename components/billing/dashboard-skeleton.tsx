/** What the dashboard shows while its first report is read: the same blocks, without figures. */
export function DashboardSkeleton() {
  return (
    <div className="dashboard-loading" role="status" aria-live="polite">
      <div className="skeleton filters" />
      <div className="skeleton cards" />
      <div className="skeleton chart" />
      <span className="skip-link">Loading usage…</span>
    </div>
  );
}
