export type DeviceClass = 'desktop' | 'mobile' | 'tablet';

const TABLET_UA = /iPad|Tablet|PlayBook|Silk|Kindle/;
const MOBILE_UA = /Mobi|iPhone|iPod|Android|Windows Phone|BlackBerry/;
/**
 * Desktop browsers do not let a window get narrower than about 500 CSS px (Chrome's minimum), so a
 * narrower layout viewport under a desktop user agent is a phone asking for the desktop site.
 */
const DESKTOP_MIN_WIDTH = 500;

/**
 * Device class from the user agent, refined by the viewport width rrweb's Meta event reports.
 * Android without "Mobile" is Google's convention for tablets. iPadOS sends a Mac user agent by
 * default and its viewport is desktop-wide, so it counts as desktop: nothing on the wire tells
 * them apart.
 */
export function deviceClass(userAgent: string | null, viewportWidth: number | null): DeviceClass | null {
  if (userAgent) {
    if (TABLET_UA.test(userAgent) || (/Android/.test(userAgent) && !/Mobile/.test(userAgent))) return 'tablet';
    if (MOBILE_UA.test(userAgent)) return 'mobile';
    return viewportWidth !== null && viewportWidth < DESKTOP_MIN_WIDTH ? 'mobile' : 'desktop';
  }
  if (viewportWidth === null) return null;
  return viewportWidth < 600 ? 'mobile' : viewportWidth < 1024 ? 'tablet' : 'desktop';
}
