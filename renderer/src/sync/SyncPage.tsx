// 同步 — filled by the sync issue.
export default function SyncPage() {
  return <div>同步</div>;
}
