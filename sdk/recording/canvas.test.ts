import { describe, expect, it } from 'vitest';
import { CANVAS_FRAMES_PER_SECOND, CANVAS_IMAGE_QUALITY, CANVAS_IMAGE_TYPE, canvasRecordOptions } from './canvas.ts';

describe('canvasRecordOptions', () => {
  it('off: rrweb records no canvas content and samples no frames', () => {
    expect(canvasRecordOptions(false)).toEqual({ recordCanvas: false, sampling: {} });
  });

  it('on: frames a few times a second as compressed images, never every drawing call', () => {
    const on = canvasRecordOptions(true);
    expect(on).toEqual({
      recordCanvas: true,
      sampling: { canvas: CANVAS_FRAMES_PER_SECOND },
      dataURLOptions: { type: CANVAS_IMAGE_TYPE, quality: CANVAS_IMAGE_QUALITY },
    });
    // rrweb's 'all' (its default) records each 2D/WebGL call, fillText strings included.
    expect(typeof on.sampling.canvas).toBe('number');
    expect(on.sampling.canvas).toBeGreaterThan(0);
    expect(on.sampling.canvas).toBeLessThanOrEqual(4);
    expect(CANVAS_IMAGE_QUALITY).toBeGreaterThan(0);
    expect(CANVAS_IMAGE_QUALITY).toBeLessThan(1);
  });
});
