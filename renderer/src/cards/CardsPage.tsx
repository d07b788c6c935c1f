// 援助卡 — filled by the assistance cards issue.
export default function CardsPage() {
  return <div>援助卡</div>;
}
