/** Line icons for node types, keyed by the `palette.icon` name packages/nodes declares. */
const paths: Record<string, string> = {
  play: 'M7 5v14l11-7z',
  stop: 'M6 6h12v12H6z',
  variable: 'M5 5c-2 4-2 10 0 14M19 5c2 4 2 10 0 14M9 9l6 6M15 9l-6 6',
  branch: 'M12 3l9 9-9 9-9-9z',
  switch: 'M4 12h5M9 12l5-6h6M9 12l5 6h6M14 12h6',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 3',
  bell: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  split: 'M12 3v6M12 9l-7 6v6M12 9l7 6v6',
  merge: 'M5 3v6l7 6v6M19 3v6l-7 6',
  unknown: 'M9 9a3 3 0 1 1 4 2.8c-.6.3-1 .9-1 1.6V15M12 18h.01',
  note: 'M5 4h14v11l-5 5H5zM14 20v-5h5',
  'arrow-up': 'M12 20V4M5 11l7-7 7 7',
  'bell-ring': 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0M3 8a9 9 0 0 1 3-5M21 8a9 9 0 0 0-3-5',
  calendar: 'M4 6h16v14H4zM4 10h16M8 3v5M16 3v5',
  document: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6',
  'file-check': 'M6 3h8l4 4v14H6zM14 3v4h4M9 14l2 2 4-4',
  inbox: 'M4 13l3-8h10l3 8v6H4zM4 13h5l1 2h4l1-2h5',
  layers: 'M12 3l9 5-9 5-9-5zM3 13l9 5 9-5',
  timer: 'M12 5a8 8 0 1 0 0 16 8 8 0 0 0 0-16zM12 9v4l2 2M10 2h4',
  'user-check': 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 14 0M16 11l2 2 4-4',
  'user-search': 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 11-5.7M17 17a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM19 16.5l2.5 2.5',
};

/** True when `name` has its own drawing (anything else falls back to a question mark). */
export function hasIcon(name: string): boolean {
  return Object.hasOwn(paths, name);
}

export function NodeIcon({ name, size = 16 }: { name: string; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name] ?? paths.unknown} />
    </svg>
  );
}
