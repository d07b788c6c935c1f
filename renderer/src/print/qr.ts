// QR code of a card number as an SVG data URL: vector, so it stays sharp at any printer resolution, and
// needs no canvas. Error correction M survives a worn card corner; the quiet zone is the standard's minimum.
import QRCode from 'qrcode';

export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 4,
    color: { dark: '#000000', light: '#ffffff' },
  });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
