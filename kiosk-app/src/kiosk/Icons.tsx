/** Small line pictograms drawn in the text colour (so they follow high contrast); decorative: aria-hidden. */
const common = { viewBox: '0 0 64 64', fill: 'none', stroke: 'currentColor', strokeWidth: 3, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true, focusable: false } as const;

export function CalendarIcon({ className }: { className?: string }) {
  return (
    <svg {...common} className={className}>
      <rect x="10" y="14" width="44" height="40" rx="4" />
      <path d="M10 24h44M22 8v10M42 8v10M20 34h6M30 34h6M40 34h4M20 44h6M30 44h6" />
    </svg>
  );
}

export function TicketIcon({ className }: { className?: string }) {
  return (
    <svg {...common} className={className}>
      <path d="M10 16h44v10a6 6 0 0 0 0 12v10H10V38a6 6 0 0 0 0-12z" />
      <path d="M24 26h16M24 32h16M24 38h10" />
    </svg>
  );
}

export function SpeakerIcon() {
  return (
    <svg {...common} className="tool-icon">
      <path d="M10 24h10l14-12v40L20 40H10z" />
      <path d="M42 24a10 10 0 0 1 0 16M48 18a18 18 0 0 1 0 28" />
    </svg>
  );
}

export function ContrastIcon() {
  return (
    <svg {...common} className="tool-icon">
      <circle cx="32" cy="32" r="22" />
      <path d="M32 10a22 22 0 0 1 0 44z" fill="currentColor" />
    </svg>
  );
}

export function TextSizeIcon() {
  return (
    <svg {...common} className="tool-icon">
      <path d="M8 50l12-34 12 34M12 40h16M38 50l8-22 8 22M41 43h10" />
    </svg>
  );
}

export function CameraIcon() {
  return (
    <svg {...common} className="tool-icon">
      <path d="M8 20h12l4-6h16l4 6h12v32H8z" />
      <circle cx="32" cy="35" r="10" />
    </svg>
  );
}
