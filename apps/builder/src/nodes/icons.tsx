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
};

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
