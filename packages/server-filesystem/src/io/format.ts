/** A byte count for people: `512 B`, `1.5 KiB`, `3.2 MiB`, `1.1 GiB`. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${Math.round(value * 10) / 10} ${units[unit]}`;
}

/** Unix permission bits as `rwxr-xr-x`. */
export function formatPermissions(mode: number): string {
  const flags = 'rwxrwxrwx';
  let result = '';
  for (let bit = 0; bit < 9; bit++) result += mode & (1 << (8 - bit)) ? flags[bit] : '-';
  return result;
}
