// Placeholder shell; the desk issue builds the real one.
export function App() {
  return <div>六清</div>;
}
