import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
  /** Changing it (e.g. the URL) clears a shown error, so navigating away recovers. */
  readonly resetKey?: string;
  readonly where?: string;
}
interface State {
  readonly error: Error | null;
  readonly resetKey?: string;
}

/** Never a blank screen: a crash in one view shows what happened and a way out. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.resetKey) return { resetKey: props.resetKey, error: null };
    return null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Trackway: ${this.props.where ?? 'view'} crashed`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="state state-error" role="alert">
        <h2>Something went wrong{this.props.where ? ` in the ${this.props.where}` : ''}</h2>
        <p className="mono">{error.message}</p>
        <div className="row">
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => location.reload()}>
            Reload the page
          </button>
        </div>
      </div>
    );
  }
}
