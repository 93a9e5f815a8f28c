const WORDS: Readonly<Record<string, readonly [string, string]>> = {
  minutes: ['business minute', 'business minutes'],
  hours: ['business hour', 'business hours'],
  days: ['business day', 'business days'],
};

/** How a unit reads after its amount: "1 business day", "3 business days". */
export function unitLabel(unit: string, amount: unknown): string {
  const words = WORDS[unit];
  if (!words) return unit.replace(/[_-]+/g, ' ');
  return amount === 1 ? words[0] : words[1];
}
