// Print route (/print/cards?ids=…&layout=card|sheet|booklet) — filled by the assistance cards issue.
export default function PrintPage() {
  return <div>打印</div>;
}
