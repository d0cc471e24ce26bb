import type { NewComment, SessionComment } from '../../../wire/comments.ts';
import { ApiError, describeError, isAbort } from './api.ts';
import { createComment, deleteComment, fetchComments } from './comments-api.ts';

/** Until sign-in (issue 6), comments are signed with a name asked for once and kept in this browser. */
const AUTHOR_KEY = 'edge-replay.comment-author';

/** A comment being written: where and when the viewer clicked. */
export type CommentDraft = Pick<NewComment, 'tab' | 't' | 'x' | 'y'>;

function storedAuthor(): string {
  try {
    return localStorage.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return '';
  }
}

/** A session's comments in the player: loading, placing a new one, deleting, and the one highlighted. */
export class CommentsController {
  /** In time order. */
  comments = $state.raw<SessionComment[]>([]);
  /** The comment a link named or the viewer picked: its pin shows its text, its entry is marked. */
  highlighted = $state<string | null>(null);
  /** "Comment" mode: a click on the stage opens a draft there. */
  placing = $state(false);
  draft = $state.raw<CommentDraft | null>(null);
  author = $state(storedAuthor());
  saving = $state(false);
  error = $state<string | null>(null);

  #abort = new AbortController();

  constructor(
    readonly projectId: string,
    readonly sessionId: string,
    highlighted: string | null = null,
    /** False for a share link: it reads comments, and the API refuses it anything else. */
    readonly canWrite = true,
  ) {
    this.highlighted = highlighted;
  }

  async load(): Promise<void> {
    try {
      this.comments = await fetchComments(this.projectId, this.sessionId, this.#abort.signal);
    } catch (error) {
      if (!isAbort(error)) this.error = describeError(error);
    }
  }

  setPlacing(placing: boolean): void {
    if (!this.canWrite) return;
    this.placing = placing;
    if (!placing) this.draft = null;
  }

  open(draft: CommentDraft): void {
    this.draft = draft;
    this.error = null;
  }

  cancel(): void {
    this.draft = null;
    this.error = null;
  }

  /** Saves the draft; true once stored (the draft closes and the new comment is highlighted). */
  async save(body: string, author: string): Promise<boolean> {
    const draft = this.draft;
    if (draft === null || this.saving) return false;
    this.saving = true;
    this.error = null;
    try {
      const comment = await createComment(this.projectId, this.sessionId, { ...draft, body, author });
      this.#keepAuthor(comment.author);
      this.comments = [...this.comments, comment].sort((a, b) => a.t - b.t || a.createdAt - b.createdAt);
      this.highlighted = comment.id;
      this.draft = null;
      this.placing = false;
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    } finally {
      this.saving = false;
    }
  }

  async remove(id: string): Promise<void> {
    this.error = null;
    try {
      await deleteComment(this.projectId, this.sessionId, id);
    } catch (error) {
      // Gone already (deleted in another window): drop it here too.
      if (!(error instanceof ApiError && error.status === 404)) {
        this.error = describeError(error);
        return;
      }
    }
    this.comments = this.comments.filter((comment) => comment.id !== id);
    if (this.highlighted === id) this.highlighted = null;
  }

  destroy(): void {
    this.#abort.abort();
  }

  #keepAuthor(author: string): void {
    this.author = author;
    try {
      localStorage.setItem(AUTHOR_KEY, author);
    } catch {
      // Storage refused (private mode, quota): the name is asked for again next time.
    }
  }
}
