import { Dialog } from '../app/Dialog.tsx';
import { SHORTCUTS } from './use-shortcuts.ts';

export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="table shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        In the palette, use the arrow keys to move between node types and Enter to add one (after the selected node, if any). Tab moves out
        of an expression editor.
      </p>
    </Dialog>
  );
}
